// What the tests hold every page to (tests/OurSociety.Testing/HtmlValidator.cs runs html-validate with this file).
// The base is html-validate's "recommended" set: HTML5 content models (what may sit inside what: no <form> in a <p>,
// no <div> in a <button>, list items only in lists), required and allowed attributes and values, duplicate ids and
// form names, unique landmarks, labels, obsolete elements and attributes, and the parse errors a browser silently
// repairs (stray or implicitly closed tags). Rules below are only the changes to that set, each with its reason.
module.exports = {
    extends: ["html-validate:recommended"],
    rules: {
        // Added: a problem people meet.
        "input-missing-label": "error",          // every field has a label a screen reader reads
        "no-missing-references": "error",        // aria-describedby/labelledby/for name an id that exists
        "heading-level": "error",                // one h1, and no skipped levels (h2 then h4)
        "valid-id": ["error", { relaxed: true }], // HTML5 allows any id without spaces (ours hold GUIDs, which may start with a digit)

        // Relaxed: valid HTML and ARIA that html-validate only advises against.
        // A group of checkboxes under one name is how a form sends a set of values (a member's roles).
        "form-dup-name": ["error", { shared: ["radio", "checkbox", "button", "reset", "submit"] }],
        // aria-label/aria-labelledby on a list (<ul aria-label="Topics">) is allowed by ARIA (role list takes a name),
        // and screen readers announce it; html-validate's default only warns that not every element should get one.
        "aria-label-misuse": ["error", { allowAnyNamable: true }],

        // Relaxed: how the markup is spelled, not whether it is valid. Razor writes these its own way and browsers read
        // both spellings the same.
        "attr-quotes": "off",                    // "…" or '…'
        "attribute-boolean-style": "off",        // checked or checked="checked"
        "attribute-empty-style": "off",          // value or value=""
        "void-style": "off",                     // <br> or <br />
        "doctype-style": "off",                  // <!DOCTYPE html> or <!doctype html>
        "no-trailing-whitespace": "off",         // Razor's indentation
        "no-implicit-button-type": "off",        // a button in a form submits by default, which is what ours mean
        "no-implicit-input-type": "off",         // an input is a text field by default
        "script-type": "off",                    // a redundant type="text/javascript" is harmless

        // Relaxed: not about the markup.
        "no-inline-style": "off",                // a style attribute is valid HTML (the hub's accent colour may use one)
        "long-title": "off",                     // a story's own title can be long; that is its author's choice
        "tel-non-breaking": "off",               // we print no telephone links
    },
};
