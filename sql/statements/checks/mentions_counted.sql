SELECT coalesce(sum(num_mentions), 0) FROM event
