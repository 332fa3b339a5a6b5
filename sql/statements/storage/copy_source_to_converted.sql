-- Every table, view, constraint and comment of `source` into `converted`.
COPY FROM DATABASE source TO converted
