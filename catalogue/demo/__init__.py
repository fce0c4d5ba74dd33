"""Demo content of the archive: real places and objects, illustrative generated images."""
