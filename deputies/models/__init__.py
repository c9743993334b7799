"""The deputies app's records, split by sub-domain."""

from .activities import Activity, CheckIn
from .contacts import Contact
from .groups import Group, GroupMembership
from .people import Congress, Deputy, DeputyStatusChange, ExpertiseTag, Person, new_public_code
from .training import TrainingAttendance, TrainingCourse

__all__ = [
    "Activity",
    "CheckIn",
    "Congress",
    "Contact",
    "Deputy",
    "DeputyStatusChange",
    "ExpertiseTag",
    "Group",
    "GroupMembership",
    "Person",
    "TrainingAttendance",
    "TrainingCourse",
    "new_public_code",
]
