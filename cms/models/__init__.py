"""Page and snippet models of the SOP catalogue.

Dependency direction: snippets <- sop <- service_standard <- catalogue (the index pages list the others).
"""

from .catalogue import CatalogueIndexPage, HomePage, UnitPage
from .service_standard import ServiceStandardPage, ServiceStandardSop
from .snippets import SopCategory
from .sop import SopActor, SopPage, SopRelatedLink, SopStep

__all__ = [
    "CatalogueIndexPage",
    "HomePage",
    "ServiceStandardPage",
    "ServiceStandardSop",
    "SopActor",
    "SopCategory",
    "SopPage",
    "SopRelatedLink",
    "SopStep",
    "UnitPage",
]
