-- Every actor id some fact points to, gathered column by column; an actor outside it is an orphan.
CREATE OR REPLACE TEMP TABLE referenced_actors (actor_id VARCHAR)
