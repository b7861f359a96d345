"""Interface strings of the SCO pages, per language (English is the fallback)."""

from __future__ import annotations

__all__ = ["STRINGS", "strings_for"]

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "skip": "Skip to content",
        "lessons": "Lessons",
        "assessment": "Assessment",
        "results": "Results",
        "previous": "Previous",
        "next": "Next",
        "references": "References",
        "table": "Table {n}",
        "submit": "Submit answers",
        "retry": "Try again",
        "exit": "Save and exit",
        "exited": "Your progress is saved. You can close this window.",
        "true": "True",
        "false": "False",
        "correct": "Correct.",
        "incorrect": "Not quite.",
        "your_answer": "Your answer",
        "your_choice": "What you chose",
        "review": "Review your answers and feedback",
        "back_to_results": "Back to your results",
        "feedback_hint": "Feedback on each of your answers is shown with the questions.",
        "unit": "Unit",
        "mastery": "You need {score}% to pass. Attempts allowed: {attempts}.",
        "unlimited": "unlimited",
        "passed": "You passed with {score}%.",
        "failed": "Your score is {score}%; {mastery}% is needed.",
        "attempts_left": "Attempts left: {left}.",
        "no_attempts": "No attempts left.",
        "preview": "Preview: no learning management system was found, so progress is not saved.",
        "objective": "{title}: {score}%",
        "start_quiz": "Go to the assessment",
    },
    "fr": {
        "skip": "Aller au contenu",
        "lessons": "Leçons",
        "assessment": "Évaluation",
        "results": "Résultats",
        "previous": "Précédent",
        "next": "Suivant",
        "references": "Références",
        "table": "Tableau {n}",
        "submit": "Soumettre les réponses",
        "retry": "Réessayer",
        "exit": "Enregistrer et quitter",
        "exited": "Votre progression est enregistrée. Vous pouvez fermer cette fenêtre.",
        "true": "Vrai",
        "false": "Faux",
        "correct": "Bonne réponse.",
        "incorrect": "Pas tout à fait.",
        "your_answer": "Votre réponse",
        "your_choice": "Votre choix",
        "review": "Revoir vos réponses et la rétroaction",
        "back_to_results": "Retour à vos résultats",
        "feedback_hint": "Une rétroaction sur chacune de vos réponses accompagne les questions.",
        "unit": "Unité",
        "mastery": "Il faut {score} % pour réussir. Tentatives permises : {attempts}.",
        "unlimited": "illimitées",
        "passed": "Réussi avec {score} %.",
        "failed": "Votre note est de {score} % ; il faut {mastery} %.",
        "attempts_left": "Tentatives restantes : {left}.",
        "no_attempts": "Aucune tentative restante.",
        "preview": (
            "Aperçu : aucun système de gestion de l’apprentissage trouvé ; la progression n’est pas enregistrée."
        ),
        "objective": "{title} : {score} %",
        "start_quiz": "Passer à l’évaluation",
    },
}


def strings_for(lang: str) -> dict[str, str]:
    """The strings of ``lang``, falling back to English key by key."""
    return {**STRINGS["en"], **STRINGS.get(lang, {})}
