"""Plan: which documents a build makes (pack x country x locale x product), on which paper,
with which card geometry; the batch file that asks for them."""
