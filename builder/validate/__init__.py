"""Validate: checks on what was loaded (module structure, reading level, templates,
helplines, locales) that `check` and `build` share, and the helpline diff."""
