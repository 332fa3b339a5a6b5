-- Rows of one table, named by the parameter.
SELECT count(*) FROM query_table(?)
