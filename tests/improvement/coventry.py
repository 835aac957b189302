# ruff: noqa: RUF001
"""The Coventry YOS SQS action plan 2016, as its table reads.

Source: "Coventry Youth Offending Service, Short Quality Screening action plan, 2016".
Text is the plan's, cell by cell; staff names are replaced by role-style placeholders
("Performance Lead"), organisations ("CYOS", "CCC Data Team") kept. The plan names no
child. HEADING rows are the findings each group of actions answers.
"""

from __future__ import annotations

HEADING = "heading"

# (No., Action, Timescale, Lead, Outcome, Progress) or (HEADING, text)
ROWS: list[tuple[str, ...]] = [
    (
        HEADING,
        "HMIP stated that, where there were deficiencies in assessment and / or planning , "
        "these had not always been addressed (by management)",
    ),
    (
        "1",
        "Visit and learn from a very high performing YOT (recent Inspection Judgement))\n"
        "Gateshead\nCurrents reports\nSign off to be included as part of weekly Risk Registers\n"
        "Frequency of contact and appointments offered to be available within 1 week of end of "
        "counting period",
        "August",
        "CYOS Performance Lead",
        "Identified enhanced local performance functionality within Child view\n"
        "Request made for additional data team resource to provide weekly reports, discussions "
        "on going regarding resource to provide required reports",
        "Completed",
    ),
    (
        "",
        "",
        "",
        "CCC Data Team Data Analyst or alternative provider. To be determined",
        "Reports available weekly",
        "In progress",
    ),
    ("", "", "", "CCC Data Team Data Analyst", "", "Outstanding"),
    ("", "", "", "", "", "Outstanding"),
    (
        HEADING,
        "HMIP stated that where assessment of safeguarding and wellbeing was not sufficient it "
        "was generally due to offence based vulnerability not being recognised and not "
        "recognising some of the new vulnerability indicators (VF) This meant that in two cases "
        "a low vulnerability judgment had been made where medium was appropriate (offences of "
        "TWOC)",
    ),
    (
        "2",
        "Workshop- AssetPlus Safeguarding and well-being, judgments and interventions",
        "September",
        "CYOS Safeguarding Practice Lead",
        "Learning Objectives\n"
        "• Staff can demonstrate that they understand the changes in thresholds between "
        "AssetPlus and Asset\n• Identify adverse outcomes\n• Identify impact\n"
        "• Identify context , likelihood and imminence\n"
        "• Be able to identify offence based vulnerability",
        "In progress , training dates identified across September",
    ),
    (
        HEADING,
        "HMIP commented “case managers understood the principles of effective practice and the "
        "policies and procedures that they were working to”. There was an exception which was "
        "the new AssetPlus stage signing off process “... that not all staff were confident in "
        "the sign off process “",
    ),
    (
        "3",
        "Management oversight to now include low as well as medium to high",
        "September",
        "CYOS Operation Managers",
        "Temporary oversight process in place to run parallel with training workshops",
        "Completed",
    ),
    (
        "",
        "Sign off agreement amended and recirculated to staff.",
        "September",
        "CYOS Operations Manager",
        "All staff are confident in the sign of process and correctly submitting stages for "
        "sign off",
        "Completed",
    ),
    (
        "",
        "Staff will be asked to confirm they understand the process in supervision",
        "September",
        "CYOS Operation Managers",
        "",
        "In progress",
    ),
    (
        "",
        "Following audit and staff demonstrating appropriate thresholds for low judgments "
        "oversight will reduce to medium and high only",
        "To be reviewed November",
        "CYOS Management Team",
        "All thresholds are correctly applied and responded to",
        "Early findings expected November",
    ),
    (
        HEADING,
        "While HMIP identified understanding of diversity issues was a strength they identified "
        "some plans did not pay sufficient attention to diversity factors",
    ),
    (
        "4",
        "Workshop- Diversity, from assessment in to effective intervention",
        "October",
        "CYOS Diversity Practice Lead",
        "Staffs good understanding of diversity factors and barriers to engagement will be "
        "clearly reflected in Intervention planning and communicated to appropriate "
        "professionals.\nLearning objectives\n"
        "• Will be able to describe the different methods used to address diversity needs(for "
        "example putting in reminder systems for those with speech, language and communication "
        "needs)\n• Be able to identify where such factors may be a barrier to engagement\n"
        "• Identify how parents or careers could be supportive in reducing barriers",
        "In progress , training dates identified across October",
    ),
    (
        "5",
        "Measure impact of workshops on practice\n"
        "Audit two per worker and ongoing on risk led basis",
        "November (post workshop)",
        "CYOS Management Team",
        "Young people's safety and well-being risk is identified and reflected in planning and "
        "interventions\nDiversity responsivity clearly evidenced in Intervention planning\n"
        "Identified Victims are protected through good risk management planning and "
        "interventions",
        "Not started",
    ),
    (
        HEADING,
        "HMIP stated that that planning to manage risk to others was carried out well enough in "
        "a high proportion of cases. That said , they did identify that, where there was an "
        "identifiable victim or potential victim the management of risk of harm posed to them "
        "had not been managed well in four out of ten cases",
    ),
    (
        "6",
        "Victim lead to review planning to manage risk to victims\n"
        "Deliver workshop -Protecting identified victims",
        "September\nOctober",
        "CYOS Victim Lead",
        "Review to provide additional key learning points for training referenced below\n"
        "Learning outcomes\n"
        "Staff will be able to identify actions to reduce risk to victims / potential victims.",
        "In progress , training dates identified",
    ),
    (
        HEADING,
        "HMIP stated that while there was good engagement of young people and their parents in "
        "the assessment process this dropped to two thirds with regard to being involved "
        "sufficiently in planning",
    ),
    (
        "7",
        "Workshop - Service user active involvement in planning “ what does it look like”\n"
        "Audit 2 cases per worker, continued on a risk led basis",
        "October\nDecember",
        "CYOS Performance Lead",
        "Staff will be able to identify quality indicators which include;\n"
        "• plan developed with active involvement of the young person / parents prior to "
        "signing\n• Plan is written in language the child can understand and is meaningful to "
        "them",
        "In progress training dates identified",
    ),
    (
        HEADING,
        "HMIP stated (verbal feedback) that case managers should be “enabled to sit back from "
        "the forms and look at what’s going on “ and needed more “ thoughtful interrogation “",
    ),
    (
        "8",
        "Case managers supervision contracts are refreshed\n"
        "LA 2016 RIP model and LA reflective practice template and approach utilised\n"
        "Targets to be included, as required, in appraisal process",
        "September\nOctober",
        "CYOS Operation Managers",
        "The primary purpose of supervision is to achieve better outcomes for children and "
        "young people and victims of youth crime",
        "Commenced",
    ),
    (
        "",
        "Bi monthly practitioners forum introduced – practitioner led",
        "",
        "CYOS Practitioners",
        "Staff can identify areas of practice they wish to discuss with peers",
        "Dates set and circulated for 6 months",
    ),
    (
        HEADING,
        "HMIP stated that in cases where there were indicators of child sexual exploitation, "
        "the YOS was not always as included in the work by others agencies as it should have "
        "been",
    ),
    (
        "9",
        "Review YOS engagement with the developing MOG and COG meetings / processes to ensure "
        "appropriate exchange of information on YOS young people",
        "October",
        "CYOS Head of Service",
        "",
        "Commenced",
    ),
    (
        "",
        "Review mechanisms for information exchange between YOS and social care re YOS young "
        "people subject to complex CSE investigations, to ensure that case holders are aware of "
        "and can contribute to discussions",
        "",
        "",
        "",
        "",
    ),
]

KEY_STRENGTHS = [
    "Committed and experienced staff.",
    "Assessment and review of factors contributing to reoffending.",
    "Efforts to understand and work with diversity needs.",
    "Enforcement and compliance.",
]
AREAS_FOR_IMPROVEMENT = [
    "Assessment of vulnerability and planning for safeguarding work.",
    "Management oversight of public protection and safeguarding work.",
]


def build_xlsx() -> bytes:
    """The plan's table as an Excel sheet, with a title row above the header like a Word
    table pasted into Excel."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["CYOS SQS Action Plan 2016"])
    ws.append([])
    ws.append(["", "Action", "Timescale", "Lead", "Outcome", "Progress"])
    for row in ROWS:
        if row[0] == HEADING:
            ws.append([row[1]])
        else:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def expected_export_rows() -> list[tuple[str, ...]]:
    """What the export must show: the same rows, sub-rows numbered 1.1, 1.2, ..."""
    out: list[tuple[str, ...]] = []
    main = ""
    sub = 0
    for row in ROWS:
        if row[0] == HEADING:
            out.append((row[1],))
            continue
        if row[0]:
            main, sub = row[0], 0
            out.append(row)
        else:
            sub += 1
            out.append((f"{main}.{sub}", *row[1:]))
    return out
