"""The change report of a record: for each damage type, where it was seen in each event, and
whether it is new, unchanged or resolved compared with the event before. Pure: plain data in,
plain data out."""

from dataclasses import dataclass, field

NEW, UNCHANGED, RESOLVED, ABSENT = "new", "unchanged", "resolved", "absent"


@dataclass(frozen=True)
class Seen:
    """One observation: the damage key and label, severity, where (image label and xywh), note."""

    damage: str
    damage_label: str
    severity: str
    image: str = ""
    region: tuple | None = None
    note: str = ""


@dataclass
class EventColumn:
    key: object
    label: str
    observations: list = field(default_factory=list)  # of Seen


@dataclass
class Cell:
    status: str
    observations: list


@dataclass
class Row:
    damage: str
    label: str
    cells: list  # one Cell per event, in event order

    @property
    def current(self):
        """The status in the latest event."""
        return self.cells[-1].status


def change_report(events):
    """Rows (one per damage type seen in any event) over ``events`` (EventColumn, oldest first).

    The first event's damage is "new" (first seen); later, present after absent is "new", present
    in both is "unchanged", absent after present is "resolved", absent in both is "absent".
    """
    labels = {}
    for event in events:
        for seen in event.observations:
            labels.setdefault(seen.damage, seen.damage_label)
    rows = []
    for damage, label in sorted(labels.items(), key=lambda item: item[1].casefold()):
        cells, before = [], False
        for event in events:
            here = [seen for seen in event.observations if seen.damage == damage]
            status = {(True, True): UNCHANGED, (True, False): NEW, (False, True): RESOLVED}.get(
                (bool(here), before), ABSENT
            )
            cells.append(Cell(status, here))
            before = bool(here)
        rows.append(Row(damage, label, cells))
    return rows
