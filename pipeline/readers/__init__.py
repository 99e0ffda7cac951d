"""Readers: each kind of source → the one document model (``pipeline.model``).

Every reader takes the bytes of a source and its name and returns a model tree of the same
shape; the transforms then repair it and the writers consume it.  No reader writes a file and no
writer reads a source.

* ``text``: raw UN report or resolution text (the sample's form: text extracted from the
  official PDF and cleaned up), in the six official languages.
"""
