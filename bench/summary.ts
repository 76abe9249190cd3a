/**
 * The last step of `npm run bench`: every figure of bench:invite, bench:bulk and bench:load (as
 * each last wrote it under dist/bench/results) in one table, with its floor, target and verdict.
 */
import { figureRow, met, readReports, table } from './support.js';

const reports = readReports();
const figures = reports.flatMap((r) => r.figures).filter((f) => f.target);
console.log('\nnpm run bench — summary of the targets\n');
for (const r of reports) console.log(`- ${r.header}`);
console.log('');
console.log(table(figures.map(figureRow)));
const missed = figures.filter((f) => f.target && !met(f.value, f.target));
console.log(`\n${figures.length - missed.length} of ${figures.length} targets met.`);
