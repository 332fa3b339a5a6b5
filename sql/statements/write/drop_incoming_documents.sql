-- The staged documents (bodies included) are not kept for the rest of the connection.
DROP TABLE IF EXISTS temp.incoming_documents
