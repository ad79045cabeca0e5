exports.workbenchTest = async (check) => { await check('workbench', () => { throw new Error('not yet'); }); };
