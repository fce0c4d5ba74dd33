from .languages import VISITOR_LANGUAGES, pick_text
from .tours import StopText, Tour, TourStop, TourText
from .visiting import OpeningException, OpeningPeriod, Ticket, VisitingInfo, VisitingText

__all__ = [
    "VISITOR_LANGUAGES",
    "OpeningException",
    "OpeningPeriod",
    "StopText",
    "Ticket",
    "Tour",
    "TourStop",
    "TourText",
    "VisitingInfo",
    "VisitingText",
    "pick_text",
]
