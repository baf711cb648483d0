"""Questionnaire definitions and answers: from parsed data to the checked model."""
