import json
DATE_PATTERN = json.load(open('schemas/training.schema.json'))['$defs']['date']['pattern']
protocol_defs = json.load(open('schemas/protocol.schema.json'))['$defs']
referral_defs = json.load(open('schemas/referral.schema.json'))['$defs']

def text(desc, max_len, examples=None):
    d = {"type": "string", "description": desc, "minLength": 1, "maxLength": max_len}
    if examples: d["examples"] = examples
    return d

defs = {
  "date": {"type": "string", "description": "A calendar date written YYYY-MM-DD, e.g. 2026-03-01.", "format": "date", "pattern": DATE_PATTERN, "maxLength": 10, "examples": ["2026-03-01"]},
  "clockTime": protocol_defs["clockTime"],
  "clockTimeEnd": protocol_defs["clockTimeEnd"],
  "meetingId": {"type": "string", "description": "A meeting identifier: the body (pcg or owg), the date YYYY-MM-DD, and for a second meeting of the same body that day a hyphen and a short word.", "maxLength": 32, "pattern": "^(pcg|owg)-[0-9]{4}-[0-9]{2}-[0-9]{2}(-[a-z0-9]{1,16})?$", "examples": ["pcg-2026-02-18", "owg-2026-03-10", "pcg-2026-06-17-special"]},
  "participant": {"type": "string", "description": "A pseudonymous participant code: P- followed by 6 random capital letters or digits, as on the participant's referrals. Never a name, nickname or any other identifying detail.", "maxLength": 8, "pattern": "^P-[0-9A-Z]{6}$", "examples": ["P-000000"]},
  "slug": {"type": "string", "description": "A short identifier: lowercase letters a-z, digits and hyphens, starting with a letter or digit, at most 64 characters. It is also the file name of the record.", "maxLength": 64, "pattern": "^[a-z0-9][a-z0-9-]{0,63}$", "examples": ["harbor-pd"]},
}

schema = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://lead.example/schemas/meeting.schema.json",
  "title": "LEAD governance meeting",
  "description": "One meeting of the Policy Coordinating Group (pcg: the partner agencies' decision-makers, one vote per member agency, decisions by consensus; it adopts protocols) or of the Operational Work Group (owg: line staff who case-conference participants by pseudonymous code). Who attended, the agenda, the decisions, the case conferences and the action items. One file per meeting in meetings/<year>/, named after its ID (pcg-2026-02-18.yaml). Meetings can name participants (OWG case conferences), so they follow the privacy rules of referrals: codes only, never names or other identifying details.",
  "type": "object",
  "required": ["id", "body", "date", "status"],
  "properties": {
    "id": {"$ref": "#/$defs/meetingId", "description": "The identifier of this meeting: its body and date (pcg-2026-02-18). It must equal the file name without .yaml; lead new meeting builds it.", "examples": ["pcg-2026-02-18"]},
    "body": {"type": "string", "description": "Which table met: pcg (Policy Coordinating Group: decision-makers, one vote per member agency, adopts protocols) or owg (Operational Work Group: line staff case-conferencing participants).", "enum": ["pcg", "owg"]},
    "date": {"$ref": "#/$defs/date", "description": "The date of the meeting.", "examples": ["2026-02-18"]},
    "status": {"type": "string", "description": "planned (scheduled: an agenda, no minutes yet), held (took place: attendees, decisions, case conferences and actions are its minutes) or cancelled.", "enum": ["planned", "held", "cancelled"]},
    "time": {
      "type": "object",
      "description": "When the meeting starts and ends, on the site's local clock.",
      "required": ["from"],
      "properties": {
        "from": {"$ref": "#/$defs/clockTime", "description": "The start time, e.g. \"10:00\".", "examples": ["10:00"]},
        "to": {"$ref": "#/$defs/clockTimeEnd", "description": "The end time, e.g. \"12:00\".", "examples": ["12:00"]},
      },
      "additionalProperties": False,
    },
    "location": text("Where the meeting takes place (a room, an address of a partner's office, or a video link). Never a participant's whereabouts.", 200, ["County Human Services conference room and video link"]),
    "chair": {
      "type": "object",
      "description": "Who chaired the meeting: a partner and one of its staff contacts.",
      "required": ["partner"],
      "properties": {
        "partner": {"$ref": "#/$defs/slug", "description": "The partner id.", "examples": ["harbor-lead-pm"]},
        "name": text("The chair's name, as in the partner's contacts.", 200, ["Morgan Tate"]),
      },
      "additionalProperties": False,
    },
    "attendees": {
      "type": "array",
      "description": "Who attended, one item per person: the partner they represent and their name from that partner's contacts. An agency may send several people; it still has one vote on the PCG. For a planned meeting, leave it out or list who is expected.",
      "items": {
        "type": "object",
        "description": "One person at the table.",
        "required": ["partner"],
        "properties": {
          "partner": {"$ref": "#/$defs/slug", "description": "The partner id this person represents.", "examples": ["harbor-pd"]},
          "name": text("The person's name, one of the partner's contacts (staff, never a participant). Leave it out when the partner's representative is not known by name.", 200, ["Lt. Renee Alvarado"]),
        },
        "additionalProperties": False,
      },
    },
    "agenda": {
      "type": "array",
      "description": "The agenda, in order.",
      "items": {
        "type": "object",
        "description": "One agenda item.",
        "required": ["title"],
        "properties": {
          "title": text("The item as printed on the agenda. No participant details: case conferences are listed under case_conferences.", 500, ["Protocol version 2 for adoption"]),
          "presenter": {"$ref": "#/$defs/slug", "description": "The partner id of whoever presents the item.", "examples": ["harbor-lead-pm"]},
        },
        "additionalProperties": False,
      },
    },
    "decisions": {
      "type": "array",
      "description": "The decisions taken, numbered from 1 in this order: a protocol adopted here names its decision as <meeting id>#<number> (adopted.decision: pcg-2026-02-18#1). PCG decisions need the quorum the MOU in effect defines.",
      "items": {
        "type": "object",
        "description": "One decision.",
        "required": ["kind", "text", "outcome"],
        "properties": {
          "kind": {"type": "string", "description": "adopt_protocol (adopt a protocol version), amend_mou (amend or renew the MOU), approve_report (approve a report, e.g. the quarterly figures), select_provider (select a service provider) or other.", "enum": ["adopt_protocol", "amend_mou", "approve_report", "select_provider", "other"]},
          "text": text("The decision as minuted, e.g. \"Adopt protocol version 2, in force from March 1\".", 2000, ["Adopt protocol version 2 as drafted by the OWG."]),
          "concerns": {
            "type": "array",
            "description": "The records the decision concerns: the protocol version it adopts, the MOU it amends, the partner it selects, an earlier meeting.",
            "items": {
              "type": "object",
              "description": "One record, by kind and ID.",
              "required": ["kind", "id"],
              "properties": {
                "kind": {"type": "string", "description": "The kind of record: protocol, mou, partner or meeting.", "enum": ["protocol", "mou", "partner", "meeting"]},
                "id": {"$ref": "#/$defs/slug", "description": "The record's ID.", "examples": ["2026-v2"]},
              },
              "additionalProperties": False,
            },
            "uniqueItems": True,
          },
          "outcome": {"type": "string", "description": "consensus (decided: every member agency present agrees or stands aside), no_consensus (not decided; returns at a later meeting) or deferred (put off to a later meeting).", "enum": ["consensus", "no_consensus", "deferred"]},
        },
        "additionalProperties": False,
      },
    },
    "case_conferences": {
      "type": "array",
      "description": "OWG only: the participants discussed, by pseudonymous code. A participant is discussed only while they have an open referral and a release of information in effect that names every partner at the table; a partner the consent does not name steps out (excused).",
      "items": {
        "type": "object",
        "description": "One participant discussed.",
        "required": ["participant"],
        "properties": {
          "participant": {"$ref": "#/$defs/participant", "description": "The participant's pseudonymous code, as on their referrals.", "examples": ["P-000000"]},
          "topics": {
            "type": "array",
            "description": "What was discussed, as topics (no details).",
            "items": {"type": "string", "description": "One topic.", "enum": ["engagement", "housing", "treatment", "health", "benefits", "id_documents", "employment", "court_case", "warrant", "new_arrest", "safety", "other"]},
            "uniqueItems": True,
          },
          "last_contact": {"$ref": "#/$defs/date", "description": "When the case manager last saw the participant, as reported at the meeting.", "examples": ["2026-03-06"]},
          "excused": {
            "type": "array",
            "description": "Partners at the meeting who stepped out while this participant was discussed (their consent does not name them).",
            "items": {"$ref": "#/$defs/slug", "description": "A partner id.", "examples": ["harbor-county-sheriff"]},
            "uniqueItems": True,
          },
          "next_steps": {
            "type": "array",
            "description": "What happens next, one step per item. No names, birth dates, phone numbers or addresses.",
            "items": text("One next step, e.g. \"Case manager to accompany to the housing intake\".", 500, ["Case manager to accompany to the housing intake."]),
          },
          "notes": text("Operational notes (at most 2000 characters). No names, birth dates, phone numbers, addresses or other identifying details.", 2000, ["Engaged; attending weekly appointments."]),
        },
        "additionalProperties": False,
      },
    },
    "actions": {
      "type": "array",
      "description": "Action items: what a partner agreed to do, by when. Open items (no done date) past their due date are reported as overdue.",
      "items": {
        "type": "object",
        "description": "One action item.",
        "required": ["text", "owner", "due"],
        "properties": {
          "text": text("What is to be done. No participant details.", 500, ["Circulate the draft protocol version 3 to every partner."]),
          "owner": {"$ref": "#/$defs/slug", "description": "The partner id responsible.", "examples": ["harbor-lead-pm"]},
          "due": {"$ref": "#/$defs/date", "description": "When it is due.", "examples": ["2026-03-04"]},
          "done": {"$ref": "#/$defs/date", "description": "When it was done. Leave out while it is open.", "examples": ["2026-03-02"]},
        },
        "additionalProperties": False,
      },
    },
    "notes": text("Other minutes (at most 4000 characters). No participant names or other identifying details.", 4000, ["The project manager presented the third-quarter figures."]),
  },
  "additionalProperties": False,
  "examples": [
    {
      "id": "pcg-2026-02-18", "body": "pcg", "date": "2026-02-18", "status": "held",
      "time": {"from": "10:00", "to": "12:00"},
      "location": "County Human Services conference room and video link",
      "chair": {"partner": "harbor-lead-pm", "name": "Morgan Tate"},
      "attendees": [{"partner": "harbor-lead-pm", "name": "Morgan Tate"}, {"partner": "harbor-pd", "name": "Lt. Renee Alvarado"}],
      "agenda": [{"title": "Protocol version 2 for adoption", "presenter": "harbor-lead-pm"}],
      "decisions": [{"kind": "adopt_protocol", "text": "Adopt protocol version 2 as drafted by the OWG.", "concerns": [{"kind": "protocol", "id": "2026-v2"}], "outcome": "consensus"}],
      "actions": [{"text": "Print the new pocket cards for every patrol officer.", "owner": "harbor-pd", "due": "2026-02-27", "done": "2026-02-26"}],
    },
    {
      "id": "owg-2026-03-10", "body": "owg", "date": "2026-03-10", "status": "held",
      "attendees": [{"partner": "evergreen-case-management", "name": "Casey Ruiz"}, {"partner": "harbor-county-prosecutor", "name": "Deputy Prosecutor Alan Whitcomb"}],
      "case_conferences": [{"participant": "P-000000", "topics": ["housing", "court_case"], "last_contact": "2026-03-06", "next_steps": ["Case manager to accompany to the housing intake."]}],
    },
  ],
  "$defs": defs,
}
open('schemas/meeting.schema.json', 'w').write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
