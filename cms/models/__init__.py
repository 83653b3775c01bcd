"""Page and snippet models of the SOP catalogue.

Dependency direction: snippets <- sop <- service_standard <- catalogue (the index pages list the others);
import_notes hang on sop and service_standard; imports and workflow stand alone.
"""

from .catalogue import CatalogueIndexPage, HomePage, UnitPage
from .import_notes import SopImportNote, StandardImportNote
from .imports import SopImport
from .service_standard import ServiceStandardPage, ServiceStandardSop
from .snippets import SopCategory
from .sop import SopActor, SopPage, SopRelatedLink, SopStep
from .workflow import CompletenessReviewTask

__all__ = [
    "CatalogueIndexPage",
    "CompletenessReviewTask",
    "SopImport",
    "SopImportNote",
    "StandardImportNote",
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
