"""The rendering kit: labels and number formats in each language, figure texts, Vietnamese order."""
