"""`careprint preview`: the translator's workbench served on 127.0.0.1."""
