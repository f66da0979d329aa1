"""What the access log names when a signal is written or read: its data subjects."""

from procesregie.audit.services import AccessTarget

from .models import Signal


def signal_targets(signal: Signal) -> list[AccessTarget]:
    """One target per data subject of a signal: its person, or its system and the system's members. An anonymous
    signal: one target without a subject (who wrote or read it is still on record)."""
    if signal.person_id:
        return [AccessTarget(obj=signal, subject_key=signal.person.subject_key)]
    if signal.system_id:
        system = signal.system
        members = [membership.person.subject_key for membership in system.memberships.all()]
        return [AccessTarget(obj=signal, subject_key=key) for key in [system.subject_key, *members]]
    return [AccessTarget(obj=signal)]
