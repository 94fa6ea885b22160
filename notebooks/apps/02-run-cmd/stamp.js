const { readFileSync } = require('fs');

console.log(`built at:   ${readFileSync('/built-at', 'utf8').trim()}`);
console.log(`started at: ${new Date().toISOString()}`);
