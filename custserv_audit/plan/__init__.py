"""The action plan: made from an audit, kept as an editable YAML file, followed up later."""

from .create import make_plan, plan_sections, target_score
from .file import PlanError, dump_plan, parse_plan
from .followup import FollowUp, SectionOutcome, follow_up
from .model import PLAN_FORMAT, Action, Measure, Plan, SectionPlan, Status

__all__ = [
    "PLAN_FORMAT",
    "Action",
    "FollowUp",
    "Measure",
    "Plan",
    "PlanError",
    "SectionOutcome",
    "SectionPlan",
    "Status",
    "dump_plan",
    "follow_up",
    "make_plan",
    "parse_plan",
    "plan_sections",
    "target_score",
]
