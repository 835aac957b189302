"""Demo step: the Demoshire service, two teams, eight case managers, two managers."""

from __future__ import annotations

from .demo_support import DEMO_SERVICE_CODE, DemoContext
from .models import Service, StaffMember, StaffRole, Team
from .services import service_create, staff_create, team_create

TEAMS = {
    "North team": (
        "Alex Morgan",
        ["Sam Patel", "Jordan Hughes", "Priya Shah", "Tom Evans"],
    ),
    "South team": (
        "Ruth Okafor",
        ["Megan Lloyd", "Daniel Price", "Aisha Khan", "Chris Walker"],
    ),
}


def seed(context: DemoContext) -> None:
    service = Service.objects.filter(code=DEMO_SERVICE_CODE).first()
    if service is None:
        service = service_create(
            actor=None,
            name="Demoshire Youth Justice Service",
            code=DEMO_SERVICE_CODE,
            nation="england",
            region="East Midlands",
            family_group="Demo family",
            population_10_17=41_500,
        )
        context.log("Created the Demoshire service (code DEMO).")
    context.service = service
    for team_name, (manager_name, workers) in TEAMS.items():
        team = Team.objects.filter(service=service, name=team_name).first()
        if team is None:
            team = team_create(actor=None, service=service, name=team_name)
        context.teams.append(team)
        manager = StaffMember.objects.filter(service=service, name=manager_name).first()
        if manager is None:
            manager = staff_create(
                actor=None,
                service=service,
                name=manager_name,
                role=StaffRole.OPERATIONAL_MANAGER,
                team=team,
            )
        context.operational_managers.append(manager)
        for worker in workers:
            staff = StaffMember.objects.filter(service=service, name=worker).first()
            if staff is None:
                staff = staff_create(
                    actor=None,
                    service=service,
                    name=worker,
                    role=StaffRole.CASE_MANAGER,
                    team=team,
                    line_manager=manager,
                )
            context.case_managers.append(staff)
