"""Load: strict models and their loaders (project, packs, content, helplines, phones, hours,
freshness, overlay, catalogs, translators) and the safe-messaging rules they are held to."""
