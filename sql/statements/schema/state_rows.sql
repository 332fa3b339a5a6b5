-- Every row of one table (named by the parameter), as the schema digest reads reference tables.
SELECT * FROM query_table(?) ORDER BY ALL
