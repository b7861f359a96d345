"""A tiny catalogue for the SCORM tests: three competencies, two modules, five item types."""

from __future__ import annotations

from pathlib import Path

from competency.model import (
    Assessment,
    Asset,
    Catalogue,
    Competency,
    Framework,
    Item,
    Lesson,
    Level,
    Module,
    Option,
    Outcome,
    Prerequisite,
    Scale,
    Source,
    Text,
)

FIXTURES = Path(__file__).parent / "fixtures"
T = Text.of


def framework() -> Framework:
    scale = Scale(
        levels=[
            Level(id="aware", title=T(en="Aware", fr="Averti"), description=T(en="a", fr="a")),
            Level(id="proficient", title=T(en="Proficient", fr="Compétent"), description=T(en="p", fr="p")),
        ],
        proficient="proficient",
    )

    def comp(code: str, title: str, prereq: str | None = None) -> Competency:
        prereqs = [Prerequisite(competency=prereq, level="proficient", reason=T(en="r", fr="r"))] if prereq else []
        return Competency(
            code=code,
            domain=code.split(".")[0],
            kind="knowledge",
            title=T(en=title, fr=title + " (fr)"),
            statement=T(en="s", fr="s"),
            levels={"aware": T(en="a", fr="a")},
            prerequisites=prereqs,
        )

    return Framework(
        id="cswb",
        uri="urn:cmncp:standard:cswb",
        version="1.0.0",
        title=T(en="Standard", fr="Norme"),
        languages=["en", "fr"],
        scale=scale,
        competencies=[
            comp("D1.1", "Prevention approaches"),
            comp("D1.2", "Partnerships", "D1.1"),
            comp("D2.1", "Safety audits", "D1.2"),
        ],
        sources=[
            Source(
                key="efus-2007",
                author="EFUS",
                title=T(en="Guidance on local safety audits", fr="Guide"),
                year=2007,
                publisher="EFUS",
                url="https://efus.eu/",
            ),
            Source(
                key="unodc-2010",
                author="UNODC",
                title=T(en="Handbook on crime prevention", fr="Manuel"),
                year=2010,
            ),
        ],
    ).with_identifiers()


def _item(**kw: object) -> Item:
    kw.setdefault("level", "aware")
    kw.setdefault("rationale", T(en="Because the lesson says so [@efus-2007].", fr="Selon la leçon."))
    return Item(**kw)  # type: ignore[arg-type]


def module_one() -> Module:
    items = [
        _item(
            id="q1-choice",
            type="single_choice",
            competency="D1.1",
            stem=T(en="Which is situational?", fr="Laquelle?"),
            options=[
                Option(
                    id="a",
                    text=T(en="Lighting", fr="Éclairage"),
                    correct=True,
                    feedback=T(en="Yes: lighting changes the place.", fr="Oui : l’éclairage change le lieu."),
                ),
                Option(
                    id="b",
                    text=T(en="Mentoring", fr="Mentorat"),
                    feedback=T(
                        en="No: mentoring works with people [@unodc-2010].",
                        fr="Non : le mentorat agit sur les personnes [@unodc-2010].",
                    ),
                ),
            ],
        ),
        _item(
            id="q2-multi",
            type="multiple_response",
            competency="D1.1",
            stem=T(en="Pick partners", fr="Partenaires"),
            options=[
                Option(id="a", text=T(en="Police", fr="Police"), correct=True, feedback=T(en="Police hold data.", fr="La police a des données.")),
                Option(id="b", text=T(en="Schools", fr="Écoles"), correct=True, feedback=T(en="Schools reach youth.", fr="Les écoles joignent les jeunes.")),
                Option(id="c", text=T(en="Nobody", fr="Personne"), feedback=T(en="Audits need partners.", fr="Il faut des partenaires.")),
            ],
        ),
        _item(
            id="q3-tf",
            type="true_false",
            competency="D1.2",
            stem=T(en="Audits come first.", fr="Vrai?"),
            answer=True,
            feedback_correct=T(en="Right: the audit comes first.", fr="En effet : le diagnostic vient d’abord."),
            feedback_incorrect=T(en="In fact the audit comes first.", fr="En fait, le diagnostic vient d’abord."),
        ),
        _item(
            id="q4-num",
            type="numeric",
            competency="D1.2",
            stem=T(en="How many stages?", fr="Combien?"),
            answer=4.0,
            tolerance=0.0,
        ),
        _item(
            id="q5-text",
            type="short_text",
            competency="D1.2",
            stem=T(en="Name the first stage.", fr="Étape?"),
            accepted=(("en", ("scan", "scanning")), ("fr", ("analyse",))),
        ),
    ]
    return Module(
        id="m01-foundations",
        version="1.2.0",
        title=T(en="Foundations of prevention", fr="Fondements de la prévention"),
        summary=T(en="s", fr="s"),
        duration=45,
        languages=["en", "fr"],
        outcomes=[
            Outcome(competency="D1.1", level="aware", roles=["teaches", "assesses"]),
            Outcome(competency="D1.2", level="aware", roles=["teaches", "assesses"]),
        ],
        lessons=[
            Lesson(
                id="01-intro",
                title=T(en="Why prevention works", fr="Pourquoi"),
                files=[("en", "lessons/01-intro.en.md"), ("fr", "lessons/01-intro.fr.md")],
            ),
            Lesson(
                id="02-practice",
                title=T(en="Practice", fr="Pratique"),
                files=[("en", "lessons/02-practice.en.md"), ("fr", "lessons/02-practice.fr.md")],
            ),
        ],
        assets=[
            Asset(path="assets/cycle.en.svg", alt=T(en="cycle", fr="cycle")),
            Asset(path="assets/cycle.fr.svg", alt=T(en="cycle", fr="cycle")),
        ],
        assessment=Assessment(mastery_score=0.8, max_attempts=2, items=items),
        path=str(FIXTURES / "modules" / "m01-foundations"),
    )


def module_two() -> Module:
    items = [
        _item(
            id="a1-choice",
            type="single_choice",
            competency="D2.1",
            stem=T(en="First step?", fr="Première étape?"),
            options=[
                Option(id="a", text=T(en="Scan", fr="Analyse"), correct=True),
                Option(id="b", text=T(en="Evaluate", fr="Évaluer")),
            ],
        ),
        _item(
            id="a2-tf",
            type="true_false",
            competency="D2.1",
            stem=T(en="Data matter.", fr="Les données comptent."),
            answer=True,
        ),
    ]
    return Module(
        id="m02-audit",
        version="1.0.0",
        title=T(en="Safety audits", fr="Diagnostics de sécurité"),
        summary=T(en="s", fr="s"),
        duration=30,
        languages=["en", "fr"],
        outcomes=[Outcome(competency="D2.1", level="aware", roles=["teaches", "assesses"])],
        lessons=[
            Lesson(
                id="01-audit",
                title=T(en="Running a safety audit", fr="Mener un diagnostic"),
                files=[("en", "lessons/01-audit.en.md"), ("fr", "lessons/01-audit.fr.md")],
            )
        ],
        assessment=Assessment(mastery_score=0.5, max_attempts=0, items=items),
        path=str(FIXTURES / "modules" / "m02-audit"),
    )


def catalogue() -> Catalogue:
    return Catalogue(framework=framework(), modules=[module_one(), module_two()])
