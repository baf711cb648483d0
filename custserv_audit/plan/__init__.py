"""The action plan: made from an audit, kept as an editable YAML file, followed up later."""

from .create import Audited, audited, group_audited, make_plan, plan_sections, target_score
from .file import PlanError, dump_plan, parse_plan
from .followup import FollowUp, SectionOutcome, follow_up
from .model import PLAN_FORMAT, Action, Measure, MeasureState, Plan, SectionPlan, Status

__all__ = [
    "PLAN_FORMAT",
    "Action",
    "Audited",
    "FollowUp",
    "Measure",
    "MeasureState",
    "Plan",
    "PlanError",
    "SectionOutcome",
    "SectionPlan",
    "Status",
    "audited",
    "dump_plan",
    "follow_up",
    "group_audited",
    "make_plan",
    "parse_plan",
    "plan_sections",
    "target_score",
]
