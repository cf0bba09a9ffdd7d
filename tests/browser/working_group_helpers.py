"""Set-up for the working group's browser tests: an open assessment ready to close, built
straight from the models, and a round with two organisations' shared, closed assessments."""

from datetime import date

from assessment.models import Answer, Assessment, Extent, Perspective, Respondent, Round, Section
from principles.models import Framework
from tests.assessment.working_group_helpers import closed_assessment

LONDON = "London 2026/27"
RUNGS = {
    "Riverside Community Trust": [6, 5, 4, 7, 3, 5],
    "Northgate Borough Council": [4, 3, 4, 5, 3, 3],
}


def build_open_assessment(organisation, admin, framework: Framework) -> Assessment:
    """Riverside's open "Spring 2027": the admin has answered everything and submitted; a
    second person, invited by personal link, has not started."""
    assessment = Assessment.objects.create(
        organisation=organisation,
        framework=framework,
        title="Spring 2027",
        service="Riverside community cafe",
        created_by=admin,
    )
    rungs = {rung.position: rung for rung in framework.rungs.all()}
    respondent = Respondent.objects.create(
        assessment=assessment,
        user=admin,
        name=admin.name,
        email=admin.email,
        perspective=Perspective.STAFF,
        agreed_to_be_named=True,
    )
    for principle, position in zip(
        framework.principles.order_by("position"), [6, 5, 5, 7, 5, 6], strict=True
    ):
        Section.objects.create(
            respondent=respondent, principle=principle, rung=rungs[position], version=1
        )
        for question in principle.questions.all():
            Answer.objects.create(respondent=respondent, question=question, extent=Extent.MOSTLY)
    respondent.start()
    assert respondent.submit()
    Respondent.objects.create(
        assessment=assessment, name="Joan Whitfield", perspective=Perspective.PERSON
    )
    return assessment


def london_round() -> Round:
    return Round.objects.create(
        name=LONDON,
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        description="Organisations across London compare how they co-produce services.",
    )


def shared_in(round: Round, framework: Framework, organisations) -> dict[str, Assessment]:
    """Each organisation's closed assessment, shared with the working group as part of
    `round`, with its frozen results (RUNGS)."""
    return {
        organisation.name: closed_assessment(
            organisation, framework, RUNGS[organisation.name], shared=True, round=round
        )
        for organisation in organisations
    }
