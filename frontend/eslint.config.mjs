// ESLint for the apps' own browser code (never the vendored libraries). Run by bin/run-tests:
//   frontend/node_modules/.bin/eslint --config frontend/eslint.config.mjs "*/static/*/*.js"   (from the repository root)
// Pages load these files as they are (no build step): the compare page's parts are ES modules,
// the other pages' scripts are classic scripts.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    ignores: ["**/vendor/**", "**/node_modules/**", ".venv/**", "static_collected/**", "media/**", "var/**"],
  },
  {
    files: ["*/static/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, OpenSeadragon: "readonly", L: "readonly", Mirador: "readonly" },
    },
    rules: {
      ...js.configs.recommended.rules,
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    files: ["restoration/static/restoration/compare*.js", "exhibitions/static/exhibitions/exhibition.js"],
    languageOptions: { sourceType: "module" },
  },
];
