console.log(require('fs').readFileSync(`${__dirname}/data/message.txt`, 'utf8').trim());
