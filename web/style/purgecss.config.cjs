// Drops nhsuk-frontend rules for classes and elements no Signpost page uses.
// Every class the pages use is written out in full in the Rust sources, so scanning them is
// enough; the extractor keeps whole words such as `nhsuk-button--small`.
module.exports = {
  content: ["../src/**/*.rs"],
  css: ["signpost.full.css"],
  defaultExtractor: (content) => content.match(/[A-Za-z0-9_-]+/g) || [],
  // Elements Leptos writes that never appear as `<tag` in the sources.
  safelist: { standard: ["html", "body", "svg", "path"] },
  variables: true,
};
