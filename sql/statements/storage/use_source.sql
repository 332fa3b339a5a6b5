-- Read the attached `source` by its table names.
USE source
