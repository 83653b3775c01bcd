"""The embedded search engine: Tantivy (the ``tantivy`` package), an index in the data folder.

Modules, each depending only on those above it: ``schema`` (fields), ``documents`` (a SearchDocument analysed and
indexed; a stored hit read back), ``store`` (folder layout, locks, generations, readers that reload),
``queries`` (a SearchQuery compiled), ``facets`` (aggregations), ``engine`` (the engine contract).
"""

from search.engines.tantivy.engine import TantivyEngine

__all__ = ["TantivyEngine"]
