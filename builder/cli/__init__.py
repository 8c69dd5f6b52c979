"""The `careprint` command: one module per command group, and the console that shows a run.
The only package that imports typer or rich."""
