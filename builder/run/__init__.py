"""Run: the batch runner, its worker pool and workers, inputs keys (what is current) and the
events a run reports."""
