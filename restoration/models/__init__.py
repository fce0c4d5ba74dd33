"""The restoration baseline archive: documentation events, condition observations, registrations,
and the append-only audit trail."""

from .audit import AuditAction, AuditEntry, AuditOutcome
from .events import (
    Correction,
    DocumentationEvent,
    EventFile,
    EventImage,
    EventKind,
    FileKind,
    SealedError,
    SealedMasterError,
)
from .observations import ConditionObservation, DamageType, Registration, Severity

__all__ = [
    "AuditAction",
    "AuditEntry",
    "AuditOutcome",
    "ConditionObservation",
    "Correction",
    "DamageType",
    "DocumentationEvent",
    "EventFile",
    "EventImage",
    "EventKind",
    "FileKind",
    "Registration",
    "SealedError",
    "SealedMasterError",
    "Severity",
]
