"""`python -m pipelines.defs.scale run|rebuild` (see `pipelines/defs/scale/run.py`)."""

import sys

from pipelines.defs.scale.run import main

sys.exit(main())
