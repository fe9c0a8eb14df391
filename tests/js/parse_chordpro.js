// Read ChordPro on stdin with ChordSheetJS (a real, independent ChordPro reader) and print
// what it understood as JSON, for tests/test_song_chordsheetjs.py to compare with lyrictui.
//
//   cd tests/js && npm install && node parse_chordpro.js < song.cho
//
// Output: {title, artist, key, sections: [{type, label, lines: [{text, chords: [{chord, pos}]}]}]}
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

function convert(song) {
  const sections = [];
  let current = null;
  for (const line of song.lines) {
    const tags = line.items.filter(isTag);
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
      if (!("lyrics" in item)) continue; // comments, annotations, expressions
      if (item.chords) chords.push({ chord: item.chords, pos: Array.from(text).length });
      text += item.lyrics || "";
    }
    current.lines.push({ text, chords });
  }
  return { title: song.title || null, artist: song.artist || null, key: song.key || null, sections };
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
