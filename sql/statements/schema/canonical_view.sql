-- A view's query (the parameter) as DuckDB renders it from its parse tree.
SELECT json_deserialize_sql(json_serialize_sql(?))
