"""What every stage uses: problems and errors, reading text and TOML files, atomic writing,
scratch folders, digests, plain words for common mistakes."""
