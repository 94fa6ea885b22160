console.log(`running in ${process.cwd()}`);
