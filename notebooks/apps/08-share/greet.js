// Prints the message this copy of the app was built with.
const { readFileSync } = require('node:fs');
console.log(readFileSync(`${__dirname}/message.txt`, 'utf8').trim());
