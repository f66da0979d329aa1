"""Services that write signals: reporting one, recording an advice consultation, handling one, marking its follow-up
done, turning one into a registration. Keyword-only arguments, `actor` first, one transaction each, the access log
written inside it."""

from .creating import signal_consultation_record, signal_report
from .handling import signal_convert, signal_follow_up_done, signal_handle

__all__ = ["signal_consultation_record", "signal_convert", "signal_follow_up_done", "signal_handle", "signal_report"]
