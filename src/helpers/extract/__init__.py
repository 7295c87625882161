"""Extraction: articles in, facts with provenance out.

The pipeline (`facts.extract_article(text, doc_id)`):

    text/reading      a file → NFC text (the corpus reader; extraction takes text)
    text/cleaning     page furniture out            text/metadata  title, date, outlet
    text/sentences    sentences and paragraphs      text/layout    lines, bullets, headings
    document          the article being read: `Document`, one `SentenceView` per sentence
    figures/numbers   the figures of a sentence     lexicon/       its labelled spans
    resolve/pipeline  the resolvers of resolve/components/, in their declared order:
        each sentence:  discourse, frame
        each figure:    measure, subject, indicator, kind, time (dating), qualifier,
                        basis, estimate of the year (kind)
        after it:       subject, time (dating), discourse
        the article:    parts of a whole, yields-to-scopes, frame, to date, future years
                        (kind), one per figure (dedupe), confidence (review)
    fact              `Fact`, `ArticleFacts`: the output record
    run/              batches: prefilter, cache, validation
"""
