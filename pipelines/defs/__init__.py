"""The Dagster layer, one subpackage per stage (the `dg` project layout): each stage's `assets.py` (and
the warehouse's `checks.py`) are thin over the plain functions of its `pipelines` module;
`resources.py` holds the resources, configured from the environment with `dg.EnvVar`; `automation.py`
the job, the sensor and the schedule. `pipelines/definitions.py` only merges them.
"""
