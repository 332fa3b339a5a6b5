-- Every column of every row of one table (named by the parameter): each block is read, and its
-- checksum checked.
SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM query_table(?)
