// Read ChordPro on stdin with ChordSheetJS (a real, independent ChordPro reader) and print
// what it understood as JSON, for tests/test_song_chordsheetjs.py to compare with lyrictui.
//
//   cd tests/js && npm install && node parse_chordpro.js < song.cho
//
// Output: {title, artist, key, meta: {name: value}, sections: [{type, label, lines: [LINE]}]}
// where LINE is {text, chords: [{chord, pos}]} for lyrics, {kind, text} for a comment
// (kind: the directive's name) and {kind: "recall", text: label} for a {chorus} recall.
// meta holds the ChordPro 6 song facts ChordSheetJS read (METADATA below; a fact given
// more than once is its values joined by newlines).
// A {chorus} between sections is a section of its own: {type: "chorus", label: null,
// lines: [{kind: "recall", ...}]}.
// Sections come from the start_of_*/end_of_* tags (ChordSheetJS's paragraphs also split on
// blank lines, which are stanza breaks inside one lyrictui section). Positions count Unicode
// code points, like Python str indices, so emoji compare equal on both sides.
"use strict";
const ChordSheetJS = require("chordsheetjs");

function read(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on("data", (c) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    stream.on("error", reject);
  });
}

function isTag(item) {
  return typeof item.name === "string" && "value" in item && !("lyrics" in item);
}

const METADATA = ["title", "subtitle", "artist", "composer", "lyricist", "key", "capo", "tempo",
  "time", "year", "album", "copyright"];
const COMMENTS = { comment: "comment", c: "comment", comment_italic: "comment_italic", ci: "comment_italic",
  comment_box: "comment_box", cb: "comment_box", highlight: "highlight" };

function note(tag) {
  if (tag.name in COMMENTS) return { kind: COMMENTS[tag.name], text: tag.value };
  if (tag.name === "chorus") return { kind: "recall", text: (tag.attributes && tag.attributes.label) || tag.value || "" };
  return null;
}

function convert(song) {
  const sections = [];
  let current = null;
  for (const line of song.lines) {
    const tags = line.items.filter(isTag);
    const noted = tags.length === 1 ? note(tags[0]) : null;
    if (noted) {
      if (current) current.lines.push(noted);
      else sections.push({ type: "chorus", label: null, lines: [noted] });
      continue;
    }
    const start = tags.find((t) => t.name.startsWith("start_of_"));
    if (start) {
      const label = (start.attributes && start.attributes.label) || start.value || null;
      current = { type: start.name.slice("start_of_".length), label, lines: [] };
      sections.push(current);
      continue;
    }
    if (tags.some((t) => t.name.startsWith("end_of_"))) {
      current = null;
      continue;
    }
    if (tags.length > 0 || current === null) continue; // directives, or text outside sections
    let text = "";
    const chords = [];
    for (const item of line.items) {
      if (typeof item.string === "string") text += item.string; // a tab or grid line: a Literal
      if (!("lyrics" in item)) continue; // comments, annotations, expressions
      if (item.chords) chords.push({ chord: item.chords, pos: Array.from(text).length });
      text += item.lyrics || "";
    }
    current.lines.push({ text, chords });
  }
  const meta = {};
  for (const name of METADATA) {
    const value = song.metadata.get(name); // an array when the file gives it more than once
    if (value !== undefined && value !== null) meta[name] = Array.isArray(value) ? value.join("\n") : String(value);
  }
  return { title: song.title || null, artist: song.artist || null, key: song.key || null, meta, sections };
}

read(process.stdin)
  .then((source) => {
    const song = new ChordSheetJS.ChordProParser().parse(source);
    process.stdout.write(JSON.stringify(convert(song)) + "\n");
  })
  .catch((err) => {
    process.stderr.write(`parse_chordpro.js: ${err.message}\n`);
    process.exit(1);
  });
