// The data of the page "As of a date", written by the generator.
window.WIKI_ASOF = {"root":"../","names":{},"words":[""],"sections":[]};
