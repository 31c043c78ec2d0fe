#!/usr/bin/env node
// Validates SARIF files against the SARIF 2.1.0 JSON schema (draft-07, the
// OASIS schema whose $id is .../oasis-tcs/sarif-spec/master/Schemata/
// sarif-schema-2.1.0.json), as GitHub code scanning reads them.
//
// The schema file comes from an installed, pinned npm package (see
// package.json and package-lock.json beside this file; `npm ci` installs
// them); nothing is fetched at run time.
//
// Usage: node validate.js FILE...
// Prints "valid: FILE" for each valid file, or "invalid: FILE" followed by
// the schema errors; exits 1 if any file is invalid or unreadable, 2 on a
// usage or setup error.
'use strict';

const fs = require('fs');
const path = require('path');

function fail(message) {
  process.stderr.write(`validate.js: ${message}\n`);
  process.exit(2);
}

let Ajv;
let addFormats;
let schemaPath;
try {
  Ajv = require('ajv');
  addFormats = require('ajv-formats');
  // The package's "exports" map exposes only package.json, so locate the
  // schema file from the package directory.
  const pkgDir = path.dirname(
    require.resolve('@datadog/datadog-ci-plugin-sarif/package.json'));
  schemaPath = path.join(pkgDir, 'dist', 'json-schema', 'sarif-schema-2.1.0.json');
} catch (e) {
  fail(`${e.message}\nrun: npm ci --prefix ${__dirname} --no-audit --no-fund`);
}

const files = process.argv.slice(2);
if (files.length === 0) fail('usage: node validate.js FILE...');

const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const expectedId =
  'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json';
if (schema.$id !== expectedId ||
    schema.$schema !== 'http://json-schema.org/draft-07/schema#') {
  fail(`${schemaPath} is not the SARIF 2.1.0 draft-07 schema ($id ${schema.$id})`);
}

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

let status = 0;
for (const file of files) {
  let doc;
  try {
    const text = fs.readFileSync(file, 'utf8');
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new Error(`not JSON: ${e.message}`);
    }
  } catch (e) {
    console.log(`invalid: ${file}`);
    console.log(`  ${e.message}`);
    status = 1;
    continue;
  }
  if (validate(doc)) {
    console.log(`valid: ${file}`);
    continue;
  }
  console.log(`invalid: ${file}`);
  for (const err of validate.errors) {
    const where = err.instancePath || '/';
    const params = JSON.stringify(err.params);
    console.log(`  ${where}: ${err.message} ${params} (schema ${err.schemaPath})`);
  }
  status = 1;
}
process.exit(status);
