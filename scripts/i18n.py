#!/usr/bin/env python3
"""Keeps the interface texts in step with the code.

Collects every text the code shows through IStringLocalizer (L["..."]), the enum labels (Sector.*, Level.*, Role.*)
and the validation reasons returned as keys, then
  - writes them into Resources/SharedResource.resx (English, the translators' source), keeping existing values;
  - with --check, lists per language (bn, ur) the texts still missing, and exits 1 if a core page lacks any.
"""
import re, sys, pathlib, xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

APP = pathlib.Path(__file__).resolve().parent.parent / "src" / "KnowledgeHub"
RES = APP / "Resources"
KEY = re.compile(r'L\[\s*"((?:[^"\\]|\\.)*)"')
RETURN = re.compile(r'return\s+"((?:[^"\\]|\\.)*)"')
ENUMS = {
    "Sector": ["Government", "CivilSociety", "Academia", "PrivateSector", "DevelopmentPartner", "Practitioner"],
    "Level": ["National", "SubNational", "Local"],
    "Role": ["Member", "Mentor", "Moderator", "Administrator", "CourseAuthor"],
}
ENGLISH = {"CivilSociety": "Civil society", "PrivateSector": "Private sector", "DevelopmentPartner": "Development partner",
           "SubNational": "Sub-national", "CourseAuthor": "Course author"}
# Pages that must be complete in every interface language (the foundation's promise for bn and ur).
CORE = ["Features/Shared/_Layout.cshtml", "Features/Account/SignIn.cshtml", "Features/Account/SignIn.cshtml.cs",
        "Features/Account/SignUp.cshtml", "Features/Account/SignUp.cshtml.cs", "Features/Account/CheckEmail.cshtml",
        "Features/Members/Profile.cshtml", "Features/Members/Edit.cshtml", "Features/Members/Edit.cshtml.cs",
        "Features/Members/_ProfileFields.cshtml", "Features/Members/ProfileInput.cs",
        "Features/Account/PasswordPolicy.cs", "Features/Account/EmailRules.cs"]

def keys_in(path):
    text = path.read_text(encoding="utf-8")
    found = [k.replace('\\"', '"') for k in KEY.findall(text)]
    if path.name in ("PasswordPolicy.cs", "EmailRules.cs"):
        found += RETURN.findall(text)
    if path.name == "_ProfileFields.cshtml" or path.name == "Profile.cshtml":
        found += [f"{e}.{v}" for e in ("Sector", "Level") for v in ENUMS[e]]
    if path.name == "Profile.cshtml":
        found += [f"Role.{v}" for v in ENUMS["Role"]]
    return found

# Keys built at run time from enum values, with their English text.
DYNAMIC = {
    "Reaction.like": "Like", "Reaction.thanks": "Thanks", "Reaction.insightful": "Insightful", "Reaction.agree": "Agree",
    "Visibility.Public": "Public", "Visibility.Members": "Members only", "Visibility.Private": "Private",
    "Kind.Discussion": "Discussion", "Kind.Question": "Question", "Kind.Announcement": "Announcement",
    "Watch.Space.Normal": "Normal: new threads show in the list", "Watch.Space.Following": "Follow: tell me about every new thread",
    "Watch.Space.Muted": "Mute: dim its threads, no notifications",
    "Watch.Thread.Normal": "Normal: only mentions and replies to me", "Watch.Thread.Following": "Follow: tell me about every reply",
    "Watch.Thread.Muted": "Mute: no notifications at all",
    "Notification.Mention": "{0} mentioned you in “{1}”", "Notification.ReplyToYou": "{0} replied to you in “{1}”",
    "Notification.FollowedThread": "{0} replied in “{1}”", "Notification.NewThreadInSpace": "{0} started “{1}”",
    "Notification.AcceptedAnswer": "{0} accepted your answer in “{1}”",
    "Notification.MentoringRequested": "{0} asked you for mentoring: “{1}”",
    "Notification.MentoringAccepted": "{0} accepted your mentoring request: “{1}”",
    "Notification.MentoringDeclined": "{0} declined your mentoring request: “{1}”",
    "Notification.MentoringMatched": "{0} matched you with {1} as your mentor",
    "Notification.MenteeMatched": "{0} matched {1} with you as their mentor",
    "Notification.SessionScheduled": "{0} scheduled a coaching session: “{1}”",
    "Notification.CaseStudyCommented": "{0} commented on your case study “{1}”",
    "Notification.CaseStudyChangesRequested": "{0} asked for changes to your case study “{1}”",
    "Notification.CaseStudyApproved": "{0} approved and published your case study “{1}”",
    "Notification.CaseStudyUnpublished": "{0} unpublished your case study “{1}”",
    "FlagReason.Spam": "Spam or advertising", "FlagReason.Offensive": "Rude, hateful or harassing",
    "FlagReason.ChildSafety": "Puts a child at risk (photos, names, personal details)", "FlagReason.OffTopic": "Off topic",
    "FlagReason.Other": "Something else",
    "EmailFrequency.Immediately": "Soon after each one (grouped)", "EmailFrequency.Daily": "A daily digest",
    "EmailFrequency.Weekly": "A weekly digest", "EmailFrequency.Never": "Never: I check the site",
    "SearchType.thread": "Thread", "SearchType.reply": "Reply", "SearchType.case-study": "Case study", "SearchType.course": "Course",
    "SearchType.lesson": "Lesson", "SearchType.event": "Event", "SearchType.member": "Member profile",
    "CaseSector.health": "Health", "CaseSector.nutrition": "Nutrition", "CaseSector.education": "Education",
    "CaseSector.child-protection": "Child protection", "CaseSector.social-welfare": "Social welfare",
    "CaseSector.wash": "Water, sanitation and hygiene", "CaseSector.early-stimulation": "Early stimulation and play",
    "CaseSector.disability-inclusion": "Disability inclusion",
    "CaseStatus.Draft": "Draft", "CaseStatus.UnderReview": "Under review", "CaseStatus.ChangesRequested": "Changes requested",
    "CaseStatus.Published": "Published",
    "ReviewAction.Submitted": "Submitted for review", "ReviewAction.Comment": "Comment",
    "ReviewAction.ChangesRequested": "Changes requested", "ReviewAction.Approved": "Approved and published",
    "ReviewAction.Unpublished": "Unpublished",
    "RequestStatus.Pending": "Waiting for an answer", "RequestStatus.Accepted": "Accepted", "RequestStatus.Declined": "Declined",
    "RequestStatus.Withdrawn": "Withdrawn", "MentorshipStatus.Active": "Active", "MentorshipStatus.Ended": "Ended",
    "GoalStatus.Open": "Open", "GoalStatus.Achieved": "Achieved", "GoalStatus.Dropped": "Dropped",
    # Audit log actions: stored in English, translated where the log is shown.
    "revoked the certificate of": "revoked the certificate of",
}

def all_keys():
    keys = []
    for path in sorted(APP.rglob("*")):
        if path.suffix in (".cshtml", ".cs") and "/bin/" not in str(path) and "/obj/" not in str(path):
            keys += keys_in(path)
    keys += [f"{e}.{v}" for e, vs in ENUMS.items() for v in vs]
    keys += list(DYNAMIC)
    return list(dict.fromkeys(keys))

def read(path):
    if not path.exists():
        return {}
    return {d.get("name"): (d.findtext("value") or "") for d in ET.parse(path).getroot().findall("data")}

def write(path, entries):
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<root>",
             '  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>',
             '  <resheader name="version"><value>2.0</value></resheader>',
             '  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>',
             '  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>']
    for k, v in entries.items():
        lines.append(f'  <data name="{escape(k, {chr(34): "&quot;"})}" xml:space="preserve"><value>{escape(v)}</value></data>')
    lines.append("</root>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

def main():
    keys = all_keys()
    english_path = RES / "SharedResource.resx"
    english = read(english_path)
    english = {k: v for k, v in english.items() if not (k in DYNAMIC and v == k)}
    merged = {k: english.get(k) or DYNAMIC.get(k) or ENGLISH.get(k.split(".")[-1] if re.match(r"^(Sector|Level|Role)\.", k) else "", None)
              or (k.split(".", 1)[1] if re.match(r"^(Sector|Level|Role)\.", k) else k) for k in keys}
    write(english_path, merged)
    unused = sorted(set(english) - set(keys))
    print(f"{len(keys)} texts; English resource written" + (f"; {len(unused)} no longer used: {unused}" if unused else ""))
    if "--check" in sys.argv:
        core = set(k for f in CORE for k in keys_in(APP / f))
        failed = False
        for lang in ("bn", "ur"):
            translated = {k for k, v in read(RES / f"SharedResource.{lang}.resx").items() if v}
            missing_core = sorted(core - translated)
            missing_all = [k for k in keys if k not in translated]
            print(f"{lang}: {len(keys) - len(missing_all)}/{len(keys)} translated; core pages missing {len(missing_core)}")
            for k in missing_core:
                print(f"  core missing: {k}")
            failed |= bool(missing_core)
        sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
