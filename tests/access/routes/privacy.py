from .expect import gated, only

ROUTES = {
    "privacy:subject-search": (None, gated(get=only({"privacy_officer"}))),
    "privacy:subject-log": (lambda w: {"subject_key": w.case.registration.person.subject_key},
                            gated(get=only({"privacy_officer"}))),
}
