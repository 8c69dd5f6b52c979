"""Write: the output folder, its manifest, merged shards and the catalogue page (index.html)."""
